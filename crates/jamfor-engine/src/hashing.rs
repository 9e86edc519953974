//! A fast hash for the engine's own keys: small integer tuples and short person ids, looked up
//! once per row of a register with millions of rows. The standard library's SipHash resists
//! hash flooding, which matters for keys an attacker chooses; these keys come from the
//! statistician's own files, and SipHash made the lookups most of a scan's time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate hashing of whole words (the scheme of rustc's `FxHasher`).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

/// An odd constant with well-mixed bits; the multiplication spreads each word over the high bits
/// hashbrown reads.
const MIX: u64 = 0x517c_c1b7_2722_0a95;

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(MIX);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(word);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn write_i64(&mut self, i: i64) {
        self.add(i.cast_unsigned());
    }

    fn write_isize(&mut self, i: isize) {
        self.add(i as u64);
    }
}

/// A hash map keyed with [`WordHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differing_in_one_byte_hash_apart() {
        let hash = |s: &str| {
            let mut h = WordHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("p00000000001"), hash("p00000000002"));
        assert_ne!(hash("p000000000010"), hash("p000000000011"));
        let mut map: FastMap<&str, u32> = FastMap::default();
        for (i, id) in ["a", "b", "ab", "ba", "abcdefghi", "abcdefghj"]
            .iter()
            .enumerate()
        {
            map.insert(id, u32::try_from(i).unwrap_or(0));
        }
        assert_eq!(map.len(), 6);
        assert_eq!(map["abcdefghj"], 5);
    }
}
