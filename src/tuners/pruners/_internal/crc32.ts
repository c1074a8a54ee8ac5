// CRC-32 (IEEE 802.3, the zlib/PNG polynomial, reflected, init and final xor 0xFFFFFFFF), as
// Python's binascii.crc32. Hyperband assigns trial `n` of study `name` to a bracket by
// crc32(utf8(`${name}_${n}`)) (optuna/pruners/_hyperband.py, `_get_bracket_id`), so every worker,
// and Optuna itself, puts a trial in the same bracket without coordination.

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table !== undefined) return table;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  table = t;
  return t;
}

let encoder: TextEncoder | undefined;

/** The CRC-32 of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function crc32(text: string): number {
  const t = crcTable();
  let c = 0xffffffff;
  encoder ??= new TextEncoder();
  for (const byte of encoder.encode(text)) c = t[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
