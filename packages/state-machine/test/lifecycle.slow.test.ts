import { describe } from 'vitest';
import { lifecycleProperties } from './support/lifecycle-properties';

describe('lifecycle properties, long run', () => lifecycleProperties(3_000, 80));
