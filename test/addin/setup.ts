/**
 * The pane's tests wait for what the user would see (findBy…, waitFor), never for a time: on a
 * busy 2-core CI machine the default second of Testing Library is too short for a render that
 * takes two, so the wait's ceiling is generous. A passing test never waits for it.
 */
import { configure } from '@testing-library/dom';

configure({ asyncUtilTimeout: 30_000 });
