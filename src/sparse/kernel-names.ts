/**
 * The names and attributes of n2n's sparse kernels: the contract between the ops that call
 * them (sparse/) and the backends that implement them (backend/kernels/), below both (as
 * tfjs's kernel_names.ts is).
 */
export const SPMM = 'N2nSpMM';
export const SDDMM = 'N2nSDDMM';

export interface SpmmAttrs {
  nRows: number;
  nCols: number;
  transposeA: boolean;
}

/**
 * ALS's per-row sums over a grouped index (RatingIndex: ptr, other, value): the Gram matrices
 * C_i = λ·I + Σ_{p∈row i} W(other_p,:)ᵀW(other_p,:) and the right-hand sides Σ value_p·W(other_p,:).
 * Backends without them (cpu, wasm, tensorflow) compose gather + unsortedSegmentSum instead.
 */
export const ROW_GRAM = 'N2nRowGram';
export const ROW_RHS = 'N2nRowRhs';

export interface RowGramAttrs {
  lambda: number;
}

/**
 * The Laplacian product y = d ⊙ x − A·x in one pass (inputs rowPtr, colIdx, values, deg, x),
 * for solves only (no gradient is registered: autodiff goes through spmm). Backends without it
 * compose d ⊙ x − spmm(A, x). With `rowStart`, rowPtr/colIdx/values are the row block
 * [rowStart, rowStart + rows) of A, deg and x stay whole, and the result is that block's rows.
 */
export const LAPLACIAN = 'N2nLaplacian';

export interface LaplacianAttrs {
  rowStart: number;
}
