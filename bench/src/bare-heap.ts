/**
 * The baseline the scheduler is held to: a binary min-heap of event times over typed arrays,
 * ordered by (time, sequence) like the scheduler, with nothing else — no callbacks, no
 * cancellation, no growth, no argument checks.
 */
export class BareHeap {
  #times: Float64Array;
  #sequences: Float64Array;
  #size = 0;
  #sequence = 0;

  /** A heap that holds up to `capacity` times. */
  constructor(capacity: number) {
    this.#times = new Float64Array(capacity);
    this.#sequences = new Float64Array(capacity);
  }

  /** Events waiting. */
  get size(): number {
    return this.#size;
  }

  /** Adds an event at `time`; it runs after events already added at the same time. */
  push(time: number): void {
    const times = this.#times;
    const sequences = this.#sequences;
    const sequence = this.#sequence++;
    let index = this.#size++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < time || (parentTime === time && (sequences[parent] as number) < sequence)) {
        break;
      }
      times[index] = parentTime;
      sequences[index] = sequences[parent] as number;
      index = parent;
    }
    times[index] = time;
    sequences[index] = sequence;
  }

  /** Removes the earliest event and returns its time; the heap must not be empty. */
  pop(): number {
    const times = this.#times;
    const sequences = this.#sequences;
    const top = times[0] as number;
    const size = --this.#size;
    if (size === 0) return top;
    const time = times[size] as number;
    const sequence = sequences[size] as number;
    const half = size >> 1;
    let index = 0;
    while (index < half) {
      let child = 2 * index + 1;
      let childTime = times[child] as number;
      let childSequence = sequences[child] as number;
      const right = child + 1;
      if (right < size) {
        const rightTime = times[right] as number;
        const rightSequence = sequences[right] as number;
        if (rightTime < childTime || (rightTime === childTime && rightSequence < childSequence)) {
          child = right;
          childTime = rightTime;
          childSequence = rightSequence;
        }
      }
      if (time < childTime || (time === childTime && sequence < childSequence)) break;
      times[index] = childTime;
      sequences[index] = childSequence;
      index = child;
    }
    times[index] = time;
    sequences[index] = sequence;
    return top;
  }
}
