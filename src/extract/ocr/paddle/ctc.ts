/**
 * Greedy CTC decoding of a recogniser's output for one line: the most likely
 * class per time step, repeats collapsed, blanks (class 0) dropped. Class i
 * is dictionary[i − 1]. Confidence is the mean probability of the kept steps.
 */
export function decodeCtc(probs: Float32Array, offset: number, steps: number, classes: number, dictionary: string[]): { text: string; confidence: number } {
  let text = '';
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base]!;
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += dictionary[best - 1] ?? '';
      sum += bestP;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept ? sum / kept : 0 };
}
