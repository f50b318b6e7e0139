/** Data-kind registry: one explicit list. Graphs, rating matrices and attributed graphs (node values and predictors). */
import { Registry } from '../util/registry.js';
import { graphKind } from './graph-kind.js';
import { ratingsKind } from './ratings-kind.js';
import { attributedKind } from './attributed-kind.js';

/** The kinds, as facts only (a task holds its own typed kind). */
const KINDS = new Registry<{ name: string; noun: string; elements: string }>('data kind', [graphKind, ratingsKind, attributedKind]);

export const dataKindNames = (): string[] => KINDS.names();
export const getDataKind = (name: string) => KINDS.get(name);
