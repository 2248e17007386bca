import type { Options } from 'tsup';
/** Shared tsup preset. */
export declare const preset: Options;
