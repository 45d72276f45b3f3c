"""`claims --endpoint` and `explain --endpoint` against a real Oxigraph server (issue 4)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.resources import bundled_facts_dir
from tests.conftest_oxigraph import OxigraphServer, oxigraph_server

__all__ = ["oxigraph_server"]


@pytest.fixture(scope="module")
def server(oxigraph_server: OxigraphServer) -> OxigraphServer:
    result = CliRunner().invoke(cli, ["push", "--store", oxigraph_server.store_url])
    assert result.exit_code == 0, result.output
    return oxigraph_server


def test_claims_from_the_store_equal_claims_from_files(server: OxigraphServer) -> None:
    local = CliRunner().invoke(cli, ["claims", str(bundled_facts_dir()), "--format", "json"])
    remote = CliRunner().invoke(cli, ["claims", "--endpoint", server.query_url, "--format", "json"])
    assert (local.exit_code, remote.exit_code) == (0, 0)
    assert json.loads(remote.stdout) == json.loads(local.stdout)


def test_explain_reads_the_store(server: OxigraphServer) -> None:
    result = CliRunner().invoke(
        cli, ["explain", "claim-su7-230-days", "--endpoint", server.query_url]
    )
    assert result.exit_code == 0, result.output
    assert "= 230 days, as claimed." in result.stdout


def test_files_and_endpoint_together_is_a_usage_error(server: OxigraphServer) -> None:
    result = CliRunner().invoke(cli, ["claims", "facts", "--endpoint", server.query_url])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: give fact files or --endpoint, not both")


def test_unreachable_endpoint_exits_2_within_the_timeout() -> None:
    result = CliRunner().invoke(
        cli, ["claims", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "1"]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) <= 2
