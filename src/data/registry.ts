/** Data-kind registry: one explicit list. Graphs, rating matrices, attributed graphs (node values and predictors) and interdependent networks (blocks, coupling edges, features). */
import { Registry } from '../util/registry.js';
import { graphKind } from './graph-kind.js';
import { ratingsKind } from './ratings-kind.js';
import { attributedKind } from './attributed-kind.js';
import { interdependentKind } from './interdependent-kind.js';

/** The kinds, as facts only (a task holds its own typed kind). */
const KINDS = new Registry<{ name: string; noun: string; elements: string }>('data kind', [graphKind, ratingsKind, attributedKind, interdependentKind]);

export const dataKindNames = (): string[] => KINDS.names();
export const getDataKind = (name: string) => KINDS.get(name);
