// k6/execution for the tests: the driver sets the VU and iteration numbers before each iteration.
export default globalThis.k6exec;
