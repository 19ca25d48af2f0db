import type { RuleFamily } from '../family.js';
import { stateSecretMarks } from './state-secret-marks.js';

/** Every rule family, in the order they run. Adding one: a file here and a line below. */
export const ruleFamilies: RuleFamily[] = [stateSecretMarks];
