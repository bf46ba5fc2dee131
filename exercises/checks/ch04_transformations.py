"""Checks for chapter 4: rotations in 2-D and 3-D, reflections, the shoelace area."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from scipy.spatial import ConvexHull
from scipy.spatial.transform import Rotation

from ..grading import Failed, Problem, close, for_all
from .strategies import ENTRY, convex_polygons, nonzero_vectors, polygons, square_matrices

__all__ = ["PROBLEMS"]

ANGLES = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


def _matrix(value, n: int, what: str) -> np.ndarray:
    M = np.asarray(value, dtype=float)
    if M.shape != (n, n):
        raise Failed(f"{what} must be a {n}×{n} matrix, got shape {M.shape}")
    return M


def _check_rotation(R, n: int, what: str) -> None:
    if not close(R.T @ R, np.eye(n), rtol=0, atol=1e-12):
        raise Failed(f"{what} is not orthogonal (RᵀR ≠ I): a rotation keeps lengths")
    if not np.isclose(np.linalg.det(R), 1.0, atol=1e-12):
        raise Failed(f"det {what} = {np.linalg.det(R):.3g}, but a rotation has det 1")


# --- rotation_2d -------------------------------------------------------------------------------


def turns_counter_clockwise(fn):
    R = _matrix(fn(np.pi / 2), 2, "rotation_2d(π/2)")
    if not close(R @ [1.0, 0.0], [0.0, 1.0], rtol=0, atol=1e-15):
        raise Failed(
            f"rotation_2d(π/2) must turn (1, 0) counter-clockwise to (0, 1), got {np.round(R @ [1.0, 0.0], 12) + 0.0}"
        )


@for_all(ANGLES, ANGLES, max_examples=40)
def rotations_compose(fn, a, b):
    Ra = _matrix(fn(a), 2, f"rotation_2d({a!r})")
    _check_rotation(Ra, 2, f"R({a!r})")
    want = Rotation.from_euler("z", a).as_matrix()[:2, :2]
    if not close(Ra, want, rtol=0, atol=1e-12):
        raise Failed(f"rotation_2d({a!r}) ≠ [[cos θ, −sin θ], [sin θ, cos θ]]")
    if not close(Ra @ _matrix(fn(b), 2, "rotation_2d"), fn(a + b), rtol=0, atol=1e-11):
        raise Failed("R(α) R(β) ≠ R(α + β)")


# --- rotation_3d -------------------------------------------------------------------------------


@for_all(nonzero_vectors(3), ANGLES, max_examples=40)
def matches_scipy_rotations(fn, axis, theta):
    R = _matrix(fn(axis.copy(), theta), 3, "rotation_3d")
    _check_rotation(R, 3, "the matrix")
    u = axis / np.linalg.norm(axis)
    if not close(R @ u, u, rtol=0, atol=1e-12):
        raise Failed("the rotation moves its own axis (R u ≠ u)")
    want = Rotation.from_rotvec(theta * u).as_matrix()
    if not close(R, want, rtol=0, atol=1e-12):
        raise Failed(f"rotation_3d(axis, {theta!r}) ≠ scipy's Rotation.from_rotvec(θ u)")


def right_hand_rule(fn):
    R = _matrix(fn(np.array([0.0, 0.0, 1.0]), np.pi / 2), 3, "rotation_3d")
    if not close(R @ [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], rtol=0, atol=1e-15):
        raise Failed("a quarter turn about e₃ must take e₁ to e₂ (the right-hand rule)")
    long = _matrix(fn(np.array([0.0, 0.0, 5.0]), np.pi / 2), 3, "rotation_3d")
    if not close(long, R, rtol=0, atol=1e-14):
        raise Failed("the axis (0, 0, 5) is the same axis as (0, 0, 1): normalise it first")


# --- reflection --------------------------------------------------------------------------------


@for_all(st.integers(1, 6).flatmap(nonzero_vectors), max_examples=40)
def reflects_across_the_hyperplane(fn, n):
    d = n.size
    H = _matrix(fn(n.copy()), d, "reflection")
    if not close(H @ n, -n, rtol=0, atol=1e-12 * np.linalg.norm(n)):
        raise Failed(f"H n ≠ −n for a normal of length {np.linalg.norm(n):.3g} (divide by nᵀn)")
    w = np.random.default_rng(0).normal(size=d)
    w -= (w @ n) / (n @ n) * n  # a vector of the mirror
    if not close(H @ w, w, rtol=0, atol=1e-12 * max(np.linalg.norm(w), 1.0)):
        raise Failed("H moves a vector orthogonal to the normal (it must stay fixed)")
    if not close(H @ H, np.eye(d), rtol=0, atol=1e-12):
        raise Failed("reflecting twice is not the identity (H² ≠ I)")


def mirrors_the_plane(fn):
    H = _matrix(fn(np.array([0.0, 2.0])), 2, "reflection")
    if not close(H @ [3.0, 4.0], [3.0, -4.0], rtol=0, atol=1e-14):
        raise Failed("reflection([0, 2]) mirrors across the x-axis: (3, 4) ↦ (3, −4)")


# --- polygon_area ------------------------------------------------------------------------------


def _area(fn, P, what: str) -> float:
    value = fn(P.copy())
    if np.ndim(value) != 0:
        raise Failed(f"polygon_area must return a number for {what}, got shape {np.shape(value)}")
    return float(value)


@for_all(convex_polygons(10), max_examples=40)
def matches_the_convex_hull_area(fn, P):
    want = ConvexHull(P).volume  # scipy's area of a 2-D hull
    got = _area(fn, P, f"a convex {len(P)}-gon")
    if not np.isclose(got, want, rtol=1e-10, atol=0):
        raise Failed(
            f"the area of a counter-clockwise convex {len(P)}-gon is {want:.6g}, got {got:.6g}"
        )
    back = _area(fn, P[::-1], "a clockwise polygon")
    if not np.isclose(back, -want, rtol=1e-10, atol=0):
        raise Failed(f"clockwise vertices give the negative area −{want:.6g}, got {back:.6g}")


@for_all(polygons(8), square_matrices(2, 2, elements=ENTRY), max_examples=40)
def a_map_scales_areas_by_its_determinant(fn, P, M):
    before = _area(fn, P, "a polygon")
    after = _area(fn, P @ M.T, "the mapped polygon")
    scale = np.sum(np.abs(P)) ** 2 * (1 + np.sum(np.abs(M))) ** 2
    if abs(after - np.linalg.det(M) * before) > 1e-12 * scale:
        raise Failed("area(P Mᵀ) ≠ det M · area(P): the determinant is the area scale")


def unit_square(fn):
    square = np.array([[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 2.0]])
    if not close(_area(fn, square, "the unit square"), 1.0):
        raise Failed(
            "the unit square [1, 2]² (counter-clockwise) has area 1 — the last vertex pairs with the first"
        )


PROBLEMS = [
    Problem("rotation_2d", lambda fn: fn(0.5), [turns_counter_clockwise, rotations_compose]),
    Problem(
        "rotation_3d",
        lambda fn: fn(np.array([0.0, 0.0, 1.0]), 0.5),
        [right_hand_rule, matches_scipy_rotations],
    ),
    Problem(
        "reflection",
        lambda fn: fn(np.array([0.0, 1.0])),
        [mirrors_the_plane, reflects_across_the_hyperplane],
    ),
    Problem(
        "polygon_area",
        lambda fn: fn(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])),
        [unit_square, matches_the_convex_hull_area, a_map_scales_areas_by_its_determinant],
    ),
]
