"""Allow ``python -m factcheck``."""

from factcheck.cli import main

if __name__ == "__main__":
    main()
