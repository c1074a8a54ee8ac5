// Optuna's pruners keep what they learn ('auto' resources, Hyperband's brackets) on the pruner
// object, which serves one study. Ours may be shared between studies, so the same values are
// kept per study.
import type { StudyView } from '../../types.js';

/** A value remembered per study (by id and name). */
export interface PerStudyCache<T> {
  get(study: StudyView): T | undefined;
  set(study: StudyView, value: T): void;
}

/** An empty {@link PerStudyCache}. */
export function perStudyCache<T>(): PerStudyCache<T> {
  const values = new Map<string, T>();
  const key = (study: StudyView): string => `${study.studyId}\u0000${study.studyName}`;
  return {
    get: (study) => values.get(key(study)),
    set: (study, value) => void values.set(key(study), value),
  };
}
