import nock from 'nock';

/**
 * The unit project's setup file: no unit test may reach beyond this machine. HTTP(S) requests
 * (node:http, node:https and fetch, which nock intercepts) to anything but loopback fail at once
 * with nock's NetConnectNotAllowedError, which names the host. Loopback stays open for the tests
 * that start real servers (the mocks, the agent); Unix sockets are not network and nock leaves
 * them alone. This machine has a real IMDS at 169.254.169.254: nothing may ask it.
 */
export const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)(:\d+)?$/;

nock.disableNetConnect();
nock.enableNetConnect((host) => LOOPBACK.test(host));
