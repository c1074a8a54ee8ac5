/// <reference types="vite/client" />
// This module's conformance cases live in ./_conformance/<part>.ts (one file per part of the
// module, each exporting `cases`); this file gathers them for test/conformance.
import { defineCases, type ConformanceCase } from '../conformance/registry.js';

const parts = import.meta.glob<{ cases: readonly ConformanceCase[] }>('./_conformance/*.ts', { eager: true });

export default defineCases(Object.keys(parts).sort().flatMap((file) => parts[file]!.cases));
