// k6/metrics for the tests: counters add up in one object the driver prints.
export const counters = {};

export class Counter {
  constructor(name) {
    this.name = name;
  }

  add(value) {
    counters[this.name] = (counters[this.name] || 0) + value;
  }
}
