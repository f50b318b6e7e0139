/**
 * Detection quality against a planted subgraph: precision, recall, F1 and IoU (intersection
 * over union), per block and over all nodes. With nothing detected and nothing planted every
 * measure is 1; with nothing detected precision is 0 (and so F1), as scikit-learn's zero_division=0.
 */
export interface DetectionScores {
  precision: number;
  recall: number;
  f1: number;
  iou: number;
  detected: number;
  planted: number;
}

export function scoreDetection(detected: ArrayLike<number>, truth: ArrayLike<number>, nodes?: ArrayLike<number>): DetectionScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const count = nodes ? nodes.length : detected.length;
  for (let k = 0; k < count; k++) {
    const i = nodes ? nodes[k]! : k;
    const d = detected[i]! > 0;
    const t = truth[i]! > 0;
    if (d && t) tp++;
    else if (d) fp++;
    else if (t) fn++;
  }
  if (tp + fp + fn === 0) return { precision: 1, recall: 1, f1: 1, iou: 1, detected: 0, planted: 0 };
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, iou: tp / (tp + fp + fn), detected: tp + fp, planted: tp + fn };
}
