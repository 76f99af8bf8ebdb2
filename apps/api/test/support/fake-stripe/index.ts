export { type FormValue, parseStripeForm } from './form';
export {
  FakeStripe,
  type FakeStripeOptions,
  type RecordedRequest,
  type Stall,
  startFakeStripe,
} from './server';
export { FakeStripeError, FakeStripeState, type StripeObject } from './state';
