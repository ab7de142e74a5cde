/** The most runs one sweep may make. */
export const MAX_SWEEP_RUNS = 10_000;
