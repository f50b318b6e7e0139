# The largest connected component of an edge-list file as scipy sparse matrices (A, L = D − A),
# the way n2n's spectral task reads it: ids renumbered, self-loops dropped, both directions kept.
# Shared by the bench peers (eigsh-peer.py, lobpcg-peer.py); never a dependency of n2n.
import numpy as np, scipy.sparse as sp, scipy.sparse.csgraph as cg


def lcc_laplacian(path):
    e = np.loadtxt(path, dtype=np.int64, comments='#')[:, :2]
    e = e[e[:, 0] != e[:, 1]]
    ids, inv = np.unique(e, return_inverse=True)
    inv = inv.reshape(-1, 2)
    n = len(ids)
    A = sp.coo_matrix((np.ones(len(inv)), (inv[:, 0], inv[:, 1])), shape=(n, n)).tocsr()
    A = A + A.T
    A.data[:] = 1
    _, lab = cg.connected_components(A, directed=False)
    idx = np.where(lab == np.argmax(np.bincount(lab)))[0]
    A = A[idx][:, idx].tocsr()
    L = (sp.diags(np.asarray(A.sum(1)).ravel()) - A).tocsr()
    return A, L
