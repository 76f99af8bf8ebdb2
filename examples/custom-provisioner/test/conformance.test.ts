import { runProvisionerConformance } from '@dc/provisioners/testing';
import { startFakeAcme } from './fake-acme';

runProvisionerConformance('acme', startFakeAcme);
