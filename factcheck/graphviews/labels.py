"""Where a picture's link names go, so that no two text boxes overlap.

A link name belongs on its link, but at a busy hub the midpoints of many links crowd together.
Given the boxes that must stay clear (the entity names, measured by the renderer) and the size of
each link name, ``place`` slides each name along its link, then beside it, and takes the first
spot that overlaps nothing placed so far. It works in display pixels, is plain geometry and knows
nothing of matplotlib or of any particular graph; ``factcheck.graphviews.export.draw`` measures
the boxes and enlarges the figure when a name finds no spot.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

FRACTIONS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82)
"""Where along its link (0 = start, 1 = end) a name may sit, best first: near the middle, never
over the entities at either end."""

GAP = 1.0
"""Pixels kept between two boxes, and between a name beside its link and the link."""


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in display pixels."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, x: float, y: float, width: float, height: float) -> Box:
        return cls(x - width / 2, y - height / 2, x + width / 2, y + height / 2)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (
            self.x0 < other.x1 + gap
            and other.x0 < self.x1 + gap
            and self.y0 < other.y1 + gap
            and other.y0 < self.y1 + gap
        )

    def distance_to_segment(self, start: tuple[float, float], end: tuple[float, float]) -> float:
        """0 when the segment crosses the box, else the shortest gap between them."""
        if _segment_meets_box(start, end, self):
            return 0.0
        corners = [(self.x0, self.y0), (self.x0, self.y1), (self.x1, self.y0), (self.x1, self.y1)]
        from_corners = min(_point_to_segment(c, start, end) for c in corners)
        from_ends = min(_point_to_box(p, self) for p in (start, end))
        return min(from_corners, from_ends)


@dataclass(frozen=True)
class Label:
    """A link name to place: its link's two ends and the size of its box, in display pixels."""

    start: tuple[float, float]
    end: tuple[float, float]
    width: float
    height: float


def candidates(label: Label) -> Iterator[Box]:
    """Spots for ``label``, best first: on its link near the middle, else touching it on either
    side, else one name further out."""
    (ax, ay), (bx, by) = label.start, label.end
    length = math.hypot(bx - ax, by - ay) or 1.0
    nx, ny = -(by - ay) / length, (bx - ax) / length  # unit normal of the link
    # How far the centre moves so that the box's edge just touches the link; twice that
    # clears a name sitting on the link at the same place.
    touching = abs(nx) * label.width / 2 + abs(ny) * label.height / 2 + GAP
    for fraction in FRACTIONS:
        x, y = ax + (bx - ax) * fraction, ay + (by - ay) * fraction
        yield Box.around(x, y, label.width, label.height)
        for shift in (touching, -touching, 2 * touching, -2 * touching):
            yield Box.around(x + nx * shift, y + ny * shift, label.width, label.height)


def place(
    labels: Sequence[Label], keep_clear: Sequence[Box], avoid: Sequence[Box] = ()
) -> list[Box | None]:
    """A box for each label (``None`` where no spot is free), overlapping no box of
    ``keep_clear`` and no other label's box. Boxes in ``avoid`` (the entities' markers) are
    avoided where some spot allows it.

    Labels on shorter links go first: they have fewer spots to choose from.
    """
    placed: list[Box] = []
    result: list[Box | None] = [None] * len(labels)
    order = sorted(
        range(len(labels)),
        key=lambda i: (
            math.dist(labels[i].start, labels[i].end),
            labels[i].start,
            labels[i].end,
        ),
    )
    for index in order:
        spots = list(candidates(labels[index]))
        for obstacles in ([*keep_clear, *avoid], list(keep_clear)):
            found = next(
                (
                    box
                    for box in spots
                    if not any(box.overlaps(other, GAP) for other in obstacles)
                    and not any(box.overlaps(other, GAP) for other in placed)
                ),
                None,
            )
            if found is not None:
                placed.append(found)
                result[index] = found
                break
    return result


def overlapping(boxes: Sequence[Box]) -> list[tuple[int, int]]:
    """Every pair of boxes that overlap, as index pairs."""
    order = sorted(range(len(boxes)), key=lambda i: boxes[i].x0)
    pairs: list[tuple[int, int]] = []
    for position, i in enumerate(order):
        for j in order[position + 1 :]:
            if boxes[j].x0 >= boxes[i].x1:
                break
            if boxes[i].overlaps(boxes[j]):
                pairs.append((min(i, j), max(i, j)))
    return sorted(pairs)


def _point_to_segment(
    point: tuple[float, float], start: tuple[float, float], end: tuple[float, float]
) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    squared = dx * dx + dy * dy
    t = 0.0 if not squared else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / squared))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _point_to_box(point: tuple[float, float], box: Box) -> float:
    px, py = point
    dx = max(box.x0 - px, 0.0, px - box.x1)
    dy = max(box.y0 - py, 0.0, py - box.y1)
    return math.hypot(dx, dy)


def _segment_meets_box(start: tuple[float, float], end: tuple[float, float], box: Box) -> bool:
    """Liang–Barsky clipping: whether any point of the segment lies in the box."""
    (ax, ay), (bx, by) = start, end
    low, high = 0.0, 1.0
    for p, q in (
        (-(bx - ax), ax - box.x0),
        (bx - ax, box.x1 - ax),
        (-(by - ay), ay - box.y0),
        (by - ay, box.y1 - ay),
    ):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


__all__ = ["Box", "Label", "candidates", "overlapping", "place"]
