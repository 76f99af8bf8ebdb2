/** The fake Docker Engine for tests of the docker provisioner. */
export type { FakeDockerOptions } from './engine';
export { FakeDockerEngine } from './engine';
export type { FakeContainer } from './state';
export type { DockerTargetOptions } from './target';
export { DOCKER_TEST_SSH_KEY, dockerConformanceTarget } from './target';
