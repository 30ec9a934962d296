/** Names like Object.prototype's members (prototype-names-suite.ts) on the embedded store. */
import { openLowdbStore } from '../../server/store';
import { describePrototypeNames } from './prototype-names-suite';

describePrototypeNames('names from outside, on lowdb', undefined, async (s) => {
  await s.store.close();
  return openLowdbStore(s.dir);
});
