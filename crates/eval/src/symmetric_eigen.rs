//! Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi eigenvalue algorithm
//! (Jacobi 1846; Golub & Van Loan, "Matrix Computations", 4th ed., Sec. 8.5), in `f64`. The Fréchet
//! distance between the Gaussians fitted to real and fake features (Heusel et al. 2017, the FID that
//! Sinha et al., ICLR 2021, report) needs the trace of a matrix square root; Jacobi gets it from a
//! symmetric eigen-decomposition without external crates, accurately and in a fixed order of
//! operations, so the same matrix gives the same bits on every target.
//!
//! Each rotation zeroes one off-diagonal pair (p, q); sweeps visit every pair in row order until the
//! off-diagonal mass is below `f64::EPSILON²` of the whole (convergence is quadratic, so a handful
//! of sweeps suffice).

/// Sweeps after which the iteration stops even if it has not met its tolerance (in practice 6–10
/// are needed at dimension 128).
const MAX_SWEEPS: usize = 64;

/// The eigen-decomposition A = V diag(values) Vᵀ of a symmetric matrix.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SymmetricEigen {
    /// The eigenvalues, in the order of the diagonal (not sorted).
    pub(super) values: Vec<f64>,
    /// Row-major `[size, size]` orthogonal matrix; column `k` is the eigenvector of `values[k]`.
    pub(super) vectors: Vec<f64>,
}

/// The eigenvalues and eigenvectors of the symmetric row-major `[size, size]` `matrix` (only its
/// symmetric part matters: callers pass exactly symmetric matrices).
pub(super) fn symmetric_eigen(matrix: &[f64], size: usize) -> SymmetricEigen {
    let mut work = matrix.to_vec();
    let mut vectors = identity(size);
    diagonalise(&mut work, size, Some(&mut vectors));
    SymmetricEigen {
        values: diagonal(&work, size),
        vectors,
    }
}

/// The eigenvalues alone of the symmetric row-major `[size, size]` `matrix` (not sorted).
pub(super) fn symmetric_eigenvalues(matrix: &[f64], size: usize) -> Vec<f64> {
    let mut work = matrix.to_vec();
    diagonalise(&mut work, size, None);
    diagonal(&work, size)
}

/// Rotates `a` to diagonal form in place, accumulating the rotations into `vectors` if given.
fn diagonalise(a: &mut [f64], size: usize, mut vectors: Option<&mut Vec<f64>>) {
    for _ in 0..MAX_SWEEPS {
        if off_diagonal_is_negligible(a, size) {
            return;
        }
        for p in 0..size {
            for q in p + 1..size {
                let off = a[p * size + q];
                if off == 0.0 {
                    continue;
                }
                let (c, s) = rotation(a[p * size + p], a[q * size + q], off);
                rotate_columns(a, size, p, q, c, s);
                rotate_rows(a, size, p, q, c, s);
                a[p * size + q] = 0.0;
                a[q * size + p] = 0.0;
                if let Some(vectors) = vectors.as_deref_mut() {
                    rotate_columns(vectors, size, p, q, c, s);
                }
            }
        }
    }
}

/// Whether the squared off-diagonal mass is at most `f64::EPSILON²` of the squared Frobenius norm
/// (always true for the zero matrix).
fn off_diagonal_is_negligible(a: &[f64], size: usize) -> bool {
    let mut off = 0.0;
    let mut total = 0.0;
    for (index, &value) in a.iter().enumerate() {
        let square = value * value;
        total += square;
        if index / size != index % size {
            off += square;
        }
    }
    off <= f64::EPSILON * f64::EPSILON * total
}

/// Cosine and sine of the rotation that zeroes the (p, q) entry of a symmetric matrix with diagonal
/// entries `app`, `aqq` and off-diagonal `apq` (Golub & Van Loan, Algorithm 8.5.1): with
/// θ = (aqq − app) / (2 apq), t = sign(θ) / (|θ| + sqrt(θ² + 1)) is the smaller root of
/// t² + 2θt − 1 = 0, which keeps the rotation angle at most π/4.
fn rotation(app: f64, aqq: f64, apq: f64) -> (f64, f64) {
    let theta = (aqq - app) / (2.0 * apq);
    let sign = if theta >= 0.0 { 1.0 } else { -1.0 };
    // For huge θ, θ² overflows to infinity and t becomes 0: no rotation, as it should be.
    let t = sign / (theta.abs() + (theta * theta + 1.0).sqrt());
    let c = 1.0 / (t * t + 1.0).sqrt();
    (c, t * c)
}

/// M ← M J for the rotation J with J_pp = J_qq = c, J_pq = s, J_qp = −s.
fn rotate_columns(m: &mut [f64], size: usize, p: usize, q: usize, c: f64, s: f64) {
    for row in m.chunks_exact_mut(size) {
        let (mp, mq) = (row[p], row[q]);
        row[p] = c * mp - s * mq;
        row[q] = s * mp + c * mq;
    }
}

/// M ← Jᵀ M for the rotation of [`rotate_columns`].
fn rotate_rows(m: &mut [f64], size: usize, p: usize, q: usize, c: f64, s: f64) {
    for k in 0..size {
        let (mp, mq) = (m[p * size + k], m[q * size + k]);
        m[p * size + k] = c * mp - s * mq;
        m[q * size + k] = s * mp + c * mq;
    }
}

/// The row-major `[size, size]` identity matrix.
fn identity(size: usize) -> Vec<f64> {
    let mut matrix = vec![0.0; size * size];
    for i in 0..size {
        matrix[i * size + i] = 1.0;
    }
    matrix
}

/// The diagonal of the row-major `[size, size]` matrix `a`.
fn diagonal(a: &[f64], size: usize) -> Vec<f64> {
    (0..size).map(|i| a[i * size + i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The second-difference matrix tridiag(−1, 2, −1) has eigenvalues 2 − √2, 2, 2 + √2 with
    /// eigenvectors (1, √2, 1) / 2, (1, 0, −1) / √2, (1, −√2, 1) / 2.
    #[test]
    fn known_three_by_three() {
        let a = [2.0, -1.0, 0.0, -1.0, 2.0, -1.0, 0.0, -1.0, 2.0];
        let eigen = symmetric_eigen(&a, 3);
        let root2 = std::f64::consts::SQRT_2;
        let expected = [
            (2.0 - root2, [0.5, root2 / 2.0, 0.5]),
            (2.0, [root2 / 2.0, 0.0, -root2 / 2.0]),
            (2.0 + root2, [0.5, -root2 / 2.0, 0.5]),
        ];
        for (value, vector) in expected {
            let k = eigen
                .values
                .iter()
                .position(|v| (v - value).abs() < 1e-12)
                .expect("eigenvalue found");
            let column: Vec<f64> = (0..3).map(|i| eigen.vectors[i * 3 + k]).collect();
            // Eigenvectors are defined up to sign: compare |⟨column, vector⟩| with 1.
            let alignment: f64 = column.iter().zip(vector).map(|(x, y)| x * y).sum();
            assert!((alignment.abs() - 1.0).abs() < 1e-12, "{column:?}");
        }
        let mut sorted = symmetric_eigenvalues(&a, 3);
        sorted.sort_by(f64::total_cmp);
        let want = [2.0 - root2, 2.0, 2.0 + root2];
        assert!(sorted.iter().zip(want).all(|(v, w)| (v - w).abs() < 1e-12));
    }

    /// A random symmetric 12×12 matrix comes back as V diag(values) Vᵀ with orthonormal V.
    #[test]
    fn reconstructs_a_random_symmetric_matrix() {
        let size = 12;
        let mut state = 99u64;
        let mut a = vec![0.0; size * size];
        for i in 0..size {
            for j in i..size {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let value = (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
                a[i * size + j] = value;
                a[j * size + i] = value;
            }
        }
        let eigen = symmetric_eigen(&a, size);
        let v = &eigen.vectors;
        for i in 0..size {
            for j in 0..size {
                let rebuilt: f64 = (0..size)
                    .map(|k| v[i * size + k] * eigen.values[k] * v[j * size + k])
                    .sum();
                assert!((rebuilt - a[i * size + j]).abs() < 1e-13);
                let gram: f64 = (0..size).map(|k| v[k * size + i] * v[k * size + j]).sum();
                let identity = if i == j { 1.0 } else { 0.0 };
                assert!((gram - identity).abs() < 1e-13);
            }
        }
    }

    #[test]
    fn zero_and_diagonal_matrices_are_left_alone() {
        assert_eq!(symmetric_eigenvalues(&[0.0; 4], 2), vec![0.0, 0.0]);
        let eigen = symmetric_eigen(&[3.0, 0.0, 0.0, -1.0], 2);
        assert_eq!(eigen.values, vec![3.0, -1.0]);
        assert_eq!(eigen.vectors, identity(2));
    }
}
