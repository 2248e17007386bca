export type { DPoP, DPoPOptions } from './dpop.js';
export { dpop } from './dpop.js';
export { DPOP_UNSUPPORTED, DPoPUnsupportedError } from './errors.js';
export type { DPoPAlgorithm } from './key.js';
export { DPOP_ALGORITHMS } from './key.js';
export { accessTokenHash, htuOf } from './proof.js';
