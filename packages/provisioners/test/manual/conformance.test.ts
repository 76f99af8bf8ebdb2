import { runProvisionerConformance } from '../../src/testing/conformance';
import { manualTarget } from './target';

// The provider completes each server through an in-memory completion source; the agent cannot
// see a hand-built server's power state.
runProvisionerConformance('manual', manualTarget, { canObservePower: false });
