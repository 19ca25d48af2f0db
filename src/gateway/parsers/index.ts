import type { BodyProcessor } from './body-processor.js';
import { jsonProcessor } from './json.js';
import { multipartProcessor } from './multipart.js';
import { urlencodedProcessor } from './urlencoded.js';
import { wholeBodyProcessor } from './whole-body.js';

/** Body processors in the order they are asked; the last takes anything. */
export const bodyProcessors: BodyProcessor[] = [urlencodedProcessor, jsonProcessor, multipartProcessor, wholeBodyProcessor];

export function processorFor(mediaType: string, headers: Parameters<BodyProcessor['accepts']>[1]): BodyProcessor {
  return bodyProcessors.find((p) => p.accepts(mediaType, headers)) ?? wholeBodyProcessor;
}
