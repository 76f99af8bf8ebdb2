/** The fake Docker Engine for tests of the docker provisioner. */
export type { FakeDockerOptions } from './engine';
export { FakeDockerEngine } from './engine';
export type { FakeExec, FakeRecipeBehaviour, FakeRecipeRun } from './exec';
export { defaultRecipeBehaviour, execFrame } from './exec';
export type { FakeFile } from './files';
export type { FakeContainer } from './state';
export type { DockerTargetOptions } from './target';
export { DOCKER_TEST_SSH_KEY, dockerConformanceTarget } from './target';
