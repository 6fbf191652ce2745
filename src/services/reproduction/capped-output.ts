const MAX_TAIL_CHUNKS = 64;

/**
 * A process's output, kept within a byte limit however much it writes: the first half
 * of the limit and the last half, with a marker between them. The end is kept because
 * a sanitizer prints its report last, after whatever the program printed.
 */
export class CappedOutput {
  readonly #headLimit: number;
  readonly #tailLimit: number;
  readonly #head: Buffer[] = [];
  #headBytes = 0;
  #tail: Buffer[] = [];
  #tailBytes = 0;
  #omitted = 0;

  /** @param limit bytes kept at most (the marker aside) */
  constructor(limit: number) {
    this.#headLimit = Math.ceil(limit / 2);
    this.#tailLimit = limit - this.#headLimit;
  }

  write(chunk: Buffer): void {
    const toHead = Math.min(chunk.length, this.#headLimit - this.#headBytes);
    if (toHead > 0) {
      this.#head.push(Buffer.from(chunk.subarray(0, toHead)));
      this.#headBytes += toHead;
    }
    const rest = chunk.subarray(toHead);
    if (rest.length === 0) return;
    this.#tail.push(rest);
    this.#tailBytes += rest.length;
    this.#dropTailExcess();
    // Many small writes would otherwise keep many small buffers (and what they slice) alive.
    if (this.#tail.length > MAX_TAIL_CHUNKS) this.#tail = [Buffer.concat(this.#tail)];
  }

  /** Whether bytes were dropped. */
  get truncated(): boolean {
    return this.#omitted > 0;
  }

  text(): string {
    const head = Buffer.concat(this.#head).toString('utf8');
    const tail = Buffer.concat(this.#tail).toString('utf8');
    return this.truncated ? `${head}\n[… ${this.#omitted} bytes omitted …]\n${tail}` : head + tail;
  }

  #dropTailExcess(): void {
    let excess = this.#tailBytes - this.#tailLimit;
    while (excess > 0) {
      const first = this.#tail[0];
      if (first === undefined) return;
      const drop = Math.min(excess, first.length);
      if (drop === first.length) this.#tail.shift();
      else this.#tail[0] = first.subarray(drop);
      this.#tailBytes -= drop;
      this.#omitted += drop;
      excess -= drop;
    }
  }
}
