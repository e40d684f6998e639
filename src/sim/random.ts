// A seeded random source (mulberry32): the same seed gives the same run,
// byte for byte. Never Math.random in the simulated world.
export interface Random {
  next(): number; // [0, 1)
  between(min: number, max: number): number; // integer in [min, max]
  hex(length: number): string;
}

export function createRandom(seed: number): Random {
  let a = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    hex: (length) => {
      let s = '';
      while (s.length < length) s += Math.floor(next() * 0x100000000).toString(16).padStart(8, '0');
      return s.slice(0, length);
    },
  };
}
