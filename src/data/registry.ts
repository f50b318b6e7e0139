/** Data-kind registry: one explicit list. An attributed graph (node values, features, blocks) is the next line. */
import { Registry } from '../util/registry.js';
import { graphKind } from './graph-kind.js';
import { ratingsKind } from './ratings-kind.js';

/** The kinds, as facts only (a task holds its own typed kind). */
const KINDS = new Registry<{ name: string; noun: string; elements: string }>('data kind', [graphKind, ratingsKind]);

export const dataKindNames = (): string[] => KINDS.names();
export const getDataKind = (name: string) => KINDS.get(name);
