import { defineMqsimProject } from '../../vitest.shared.js';

export default defineMqsimProject('@mqsim/scenario');
