// A seeded random source (mulberry32): the same seed gives the same run,
// byte for byte. Never Math.random in the simulated world. A class, not a
// bag of closures: a 10,000-task service makes one per task.
export interface Random {
  next(): number; // [0, 1)
  between(min: number, max: number): number; // integer in [min, max]
  hex(length: number): string;
}

class Mulberry32 implements Random {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    return this.uint32() / 4294967296;
  }

  private uint32(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  hex(length: number): string {
    // Eight hex digits per draw, as uint32().toString(16).padStart(8, '0')
    // would give, from a table of bytes (every event's id comes through here).
    let s = '';
    while (s.length < length) {
      const x = this.uint32();
      s += HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
    }
    return s.length === length ? s : s.slice(0, length);
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function createRandom(seed: number): Random {
  return new Mulberry32(seed);
}

/** murmur3's finaliser: every bit of the input moves every bit of the output. */
const fmix32 = (x: number): number => {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/**
 * Several numbers (a seed, an index, a scenario's salt) made into one seed.
 * Adding them instead would let neighbours line up: seed 1 with index 2 is
 * seed 2 with index 1, and two salts one apart shift a file's ids onto the
 * next lifecycle's.
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = fmix32((h ^ fmix32((p >>> 0) + 0x6d2b79f5)) + 0x165667b1);
  return h;
}
