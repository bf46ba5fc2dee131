"""Transformation matrices of the plane and space; the determinant as signed area (chapter 4)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from foundations.errors import InputError, LinAlgError
from foundations.linalg import (
    compose,
    inverse_map,
    polygon_area,
    projection_matrix,
    reflection,
    rotation_2d,
    rotation_3d,
    scaling,
    shear,
    transform_points,
    volume_scale,
)

angles = st.floats(-10, 10, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(theta=angles, phi=angles)
def test_rotations_2d(theta, phi):
    R = rotation_2d(theta)
    np.testing.assert_allclose(R.T @ R, np.eye(2), atol=1e-14)
    assert volume_scale(R) == pytest.approx(1.0)
    np.testing.assert_allclose(compose(R, rotation_2d(phi)), rotation_2d(theta + phi), atol=1e-12)
    np.testing.assert_allclose(inverse_map(R), rotation_2d(-theta), atol=1e-12)
    np.testing.assert_allclose(rotation_2d(np.pi / 2) @ [1.0, 0.0], [0.0, 1.0], atol=1e-15)


@settings(max_examples=40, deadline=None)
@given(theta=angles, seed=st.integers(0, 2**32 - 1))
def test_rotation_3d_matches_scipy(theta, seed):
    axis = np.random.default_rng(seed).normal(size=3)
    R = rotation_3d(axis, theta)
    ref = Rotation.from_rotvec(theta * axis / np.linalg.norm(axis)).as_matrix()
    np.testing.assert_allclose(R, ref, atol=1e-12)
    np.testing.assert_allclose(R @ axis, axis, atol=1e-12)  # the axis is fixed
    assert volume_scale(R) == pytest.approx(1.0)


def test_scaling_shear_reflection_projection():
    assert volume_scale(scaling([2.0, 3.0, -1.0])) == pytest.approx(-6.0)
    S = shear(0.7)
    np.testing.assert_array_equal(S, [[1.0, 0.7], [0.0, 1.0]])
    assert volume_scale(shear(2.0, i=2, j=0, dim=3)) == pytest.approx(1.0)
    H = reflection([0.0, 1.0])
    np.testing.assert_allclose(H @ [3.0, 2.0], [3.0, -2.0])
    rng = np.random.default_rng(0)
    n = rng.normal(size=4)
    H = reflection(n)
    np.testing.assert_allclose(H @ H, np.eye(4), atol=1e-14)
    np.testing.assert_allclose(H @ n, -n, atol=1e-14)
    assert volume_scale(H) == pytest.approx(-1.0)
    A = rng.normal(size=(5, 2))
    P = projection_matrix(A)
    np.testing.assert_allclose(P @ P, P, atol=1e-14)
    np.testing.assert_allclose(P, P.T, atol=1e-15)
    np.testing.assert_allclose(P, A @ np.linalg.solve(A.T @ A, A.T), atol=1e-12)
    assert volume_scale(P) == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(LinAlgError):
        inverse_map(projection_matrix([1.0, 2.0]))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_determinant_is_the_signed_area_scaling(seed):
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(2, 2))
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    assert polygon_area(transform_points(square, M)) == pytest.approx(volume_scale(M), abs=1e-12)
    triangle = rng.normal(size=(3, 2))
    ratio = polygon_area(transform_points(triangle, M)) / polygon_area(triangle)
    assert ratio == pytest.approx(np.linalg.det(M), rel=1e-8, abs=1e-10)
    N = rng.normal(size=(2, 2))
    assert volume_scale(compose(M, N)) == pytest.approx(np.linalg.det(M) * np.linalg.det(N))


def test_errors():
    with pytest.raises(InputError, match="3 coordinates"):
        rotation_3d([1.0, 0.0], 0.3)
    with pytest.raises(InputError, match="non-zero"):
        rotation_3d([0.0, 0.0, 0.0], 0.3)
    with pytest.raises(InputError, match="different"):
        shear(1.0, i=1, j=1)
    with pytest.raises(InputError, match="non-zero"):
        reflection([0.0, 0.0])
    with pytest.raises(InputError, match="at least one"):
        compose()
    with pytest.raises(InputError, match="expected"):
        compose(np.eye(2), np.eye(3))
    with pytest.raises(InputError, match="coordinates"):
        transform_points(np.ones((4, 3)), np.eye(2))
