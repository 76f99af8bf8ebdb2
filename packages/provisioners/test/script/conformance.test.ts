import { runProvisionerConformance } from '../../src/testing/conformance';
import { exampleScriptTarget } from './target';

// Through the example provider script: it keeps its servers in a state file.
runProvisionerConformance('script', exampleScriptTarget);
