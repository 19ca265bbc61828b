// `npm run bench:events`: event latency on the instance that made a change and on another one.
import { describeLatencies, eventLatencies } from './latency.ts';

const CHANGES = 40;
const { same, other } = await eventLatencies(CHANGES);
console.log(
  `${CHANGES} changes. Same instance: ${describeLatencies(same)} (target 250 ms). Other instance: ${describeLatencies(other)} (target 1000 ms).`,
);
