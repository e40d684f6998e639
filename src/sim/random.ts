// A seeded random source (mulberry32): the same seed gives the same run,
// byte for byte. Never Math.random in the simulated world. A class, not a
// bag of closures: a 10,000-task service makes one per task.
export interface Random {
  next(): number; // [0, 1)
  between(min: number, max: number): number; // integer in [min, max]
  hex(length: number): string;
}

/** What every source shares: numbers, integers and hex digits from its 32-bit draws. */
abstract class Draws implements Random {
  protected abstract uint32(): number;

  next(): number {
    return this.uint32() / 4294967296;
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

class Mulberry32 extends Draws {
  private a: number;

  constructor(seed: number) {
    super();
    this.a = seed >>> 0 || 0x9e3779b9;
  }

  protected uint32(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}

/**
 * Each draw a hash of the seed and the draw's number. Two mulberry32 streams
 * whose seeds lie k steps apart give the same draws k apart, so lifecycles
 * drawing event ids in sequence (five draws an id) share eight ids when k
 * is 60, about one listing in fifty at 2,600 lifecycles. Here one draw that
 * happens to match says nothing of the next.
 */
class Counted extends Draws {
  private n = 0;

  constructor(private readonly seed: number) {
    super();
  }

  protected uint32(): number {
    return mixSeed(this.seed, this.n++);
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function createRandom(seed: number): Random {
  return new Mulberry32(seed);
}

/** Ids that must stay apart across many sources (every lifecycle's event ids): see Counted. */
export function createCountedRandom(seed: number): Random {
  return new Counted(seed);
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
