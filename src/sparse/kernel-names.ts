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
