import type { ValidateFunction } from 'ajv';

/** The scenario schema's validator, compiled ahead of time (see `validator-source.ts`). */
export declare const validate: ValidateFunction<unknown>;
export default validate;
