//! The model container: a small header, then a gzip stream.
//!
//! Header: the magic `SITREPM\0`, the container version (`u32`), the model kind (its `u16`
//! length, then UTF-8, e.g. `tagger`), the model's own format version (`u32`). The gzip stream's CRC
//! catches corruption; a wrong magic, kind or version is a clear [`crate::Error`].

use crate::Error;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

const MAGIC: &[u8; 8] = b"SITREPM\0";
const CONTAINER_VERSION: u32 = 1;

/// Write a model: `body` writes the payload.
pub fn write_model(
    path: &Path,
    kind: &str,
    version: u32,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io {
        path: path.display().to_string(),
        source: e,
    };
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
    }
    let tmp = path.with_extension("tmp");
    {
        let f = std::fs::File::create(&tmp).map_err(io)?;
        let mut w = BufWriter::new(f);
        w.write_all(MAGIC).map_err(io)?;
        w.write_all(&CONTAINER_VERSION.to_le_bytes()).map_err(io)?;
        w.write_all(&(kind.len() as u16).to_le_bytes())
            .map_err(io)?;
        w.write_all(kind.as_bytes()).map_err(io)?;
        w.write_all(&version.to_le_bytes()).map_err(io)?;
        let mut gz = GzEncoder::new(w, flate2::Compression::best());
        body(&mut gz).map_err(io)?;
        gz.finish().map_err(io)?.flush().map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}

/// Open a model of `kind` and format `version`; returns a reader of the payload.
pub fn read_model(path: &Path, kind: &str, version: u32) -> Result<Vec<u8>, Error> {
    let p = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| Error::Io {
        path: p.clone(),
        source: e,
    })?;
    let mut r = BufReader::new(f);
    let bad = |reason: String| Error::Model {
        path: p.clone(),
        reason,
    };
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic)
        .map_err(|_| bad("too short to be a sitrep model".into()))?;
    if &magic != MAGIC {
        return Err(bad("not a sitrep model file".into()));
    }
    let mut b4 = [0u8; 4];
    let mut b2 = [0u8; 2];
    r.read_exact(&mut b4)
        .map_err(|_| bad("truncated header".into()))?;
    let cv = u32::from_le_bytes(b4);
    if cv != CONTAINER_VERSION {
        return Err(bad(format!(
            "container version {cv}, this build reads {CONTAINER_VERSION}"
        )));
    }
    r.read_exact(&mut b2)
        .map_err(|_| bad("truncated header".into()))?;
    let mut k = vec![0u8; u16::from_le_bytes(b2) as usize];
    r.read_exact(&mut k)
        .map_err(|_| bad("truncated header".into()))?;
    let got = String::from_utf8_lossy(&k).into_owned();
    if got != kind {
        return Err(bad(format!("a {got} model, expected a {kind} model")));
    }
    r.read_exact(&mut b4)
        .map_err(|_| bad("truncated header".into()))?;
    let v = u32::from_le_bytes(b4);
    if v != version {
        return Err(bad(format!(
            "{kind} model format {v}, this build reads {version}: retrain or update sitrep"
        )));
    }
    let mut payload = Vec::new();
    GzDecoder::new(r)
        .take(2 << 30)
        .read_to_end(&mut payload)
        .map_err(|e| bad(format!("corrupt model data ({e})")))?;
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let dir = std::env::temp_dir().join(format!("sitrep-model-{}", std::process::id()));
        let p = dir.join("m.bin");
        write_model(&p, "tagger", 3, |w| w.write_all(b"hello")).unwrap();
        assert_eq!(read_model(&p, "tagger", 3).unwrap(), b"hello");
        assert!(read_model(&p, "parser", 3)
            .unwrap_err()
            .to_string()
            .contains("expected a parser model"));
        assert!(read_model(&p, "tagger", 4)
            .unwrap_err()
            .to_string()
            .contains("format 3"));
        let mut bytes = std::fs::read(&p).unwrap();
        let n = bytes.len();
        bytes[n - 6] ^= 0xff;
        std::fs::write(&p, &bytes).unwrap();
        assert!(read_model(&p, "tagger", 3)
            .unwrap_err()
            .to_string()
            .contains("corrupt"));
        std::fs::write(&p, b"garbage!garbage").unwrap();
        assert!(read_model(&p, "tagger", 3)
            .unwrap_err()
            .to_string()
            .contains("not a sitrep model"));
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// A malformed model payload (bounds, lengths, encodings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError(pub String);

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

impl From<DataError> for String {
    fn from(e: DataError) -> String {
        e.0
    }
}

impl From<DataError> for std::io::Error {
    fn from(e: DataError) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e.0)
    }
}

/// A bounds-checked little-endian cursor over a model payload, shared by every component's
/// reader: each read fails with [`DataError`] instead of panicking on truncated or corrupt data.
#[derive(Debug)]
pub struct Bytes<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    /// A cursor at the start of `b`.
    #[must_use]
    pub fn new(b: &'a [u8]) -> Self {
        Bytes { b, at: 0 }
    }

    /// Bytes not read yet.
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.b.len() - self.at
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DataError> {
        if n > self.remaining() {
            return Err(DataError("truncated model data".into()));
        }
        let s = &self.b[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }

    /// The next `N` bytes as an array.
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], DataError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    /// A byte.
    pub fn u8(&mut self) -> Result<u8, DataError> {
        Ok(self.take(1)?[0])
    }

    /// A little-endian `i16`.
    pub fn i16(&mut self) -> Result<i16, DataError> {
        Ok(i16::from_le_bytes(self.array()?))
    }

    /// A little-endian `u32`.
    pub fn u32(&mut self) -> Result<u32, DataError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// A little-endian `u64`.
    pub fn u64(&mut self) -> Result<u64, DataError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A little-endian `f32`.
    pub fn f32(&mut self) -> Result<f32, DataError> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    /// An unsigned LEB128 varint.
    pub fn var(&mut self) -> Result<u64, DataError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(DataError("bad varint".into()))
    }

    /// A varint length of at most `max` that fits in the rest of the data.
    pub fn len(&mut self, max: usize) -> Result<usize, DataError> {
        let n = self.var()? as usize;
        if n > max || n > self.remaining() {
            return Err(DataError("implausible length".into()));
        }
        Ok(n)
    }

    /// A `u64` count of items of `item` bytes each that must fit in the rest of the data.
    pub fn count(&mut self, item: usize) -> Result<usize, DataError> {
        let n = self.u64()?;
        if n.saturating_mul(item as u64) > self.remaining() as u64 {
            return Err(DataError(
                "implausible length (truncated or corrupt model)".into(),
            ));
        }
        Ok(n as usize)
    }

    /// A varint-length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<String, DataError> {
        let n = self.len(1 << 20)?;
        let s = self.take(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| DataError("bad UTF-8 in model".into()))
    }
}
