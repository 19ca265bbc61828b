// The demo platform's people and courses: students, educators, and a teaching assistant who is
// an educator in one course and a student in another.
import type { User } from '../domain/identity.ts';

export const courses = {
  algorithms: { id: 'c-101', title: 'Intro to Algorithms' },
  discrete: { id: 'c-200', title: 'Discrete Mathematics' },
};

const { algorithms, discrete } = courses;

export interface DemoUser extends User {
  /** One line for the user switcher. */
  about: string;
  /** Where the tool's email to them goes: the demo's mail catcher shows it. */
  email: string;
}

export const demoUsers: DemoUser[] = [
  {
    id: 'ada',
    email: 'ada@lakeside.example',
    name: 'Ada Lovelace',
    about: 'Student in both courses',
    courses: [
      { ...algorithms, role: 'student' },
      { ...discrete, role: 'student' },
    ],
  },
  {
    id: 'katherine',
    email: 'katherine@lakeside.example',
    name: 'Katherine Johnson',
    about: 'Student in Intro to Algorithms',
    courses: [{ ...algorithms, role: 'student' }],
  },
  {
    id: 'mary',
    email: 'mary@lakeside.example',
    name: 'Mary Jackson',
    about: 'Student in Discrete Mathematics',
    courses: [{ ...discrete, role: 'student' }],
  },
  {
    id: 'grace',
    email: 'grace@lakeside.example',
    name: 'Grace Hopper',
    about: 'Teaches Intro to Algorithms',
    courses: [{ ...algorithms, role: 'educator' }],
  },
  {
    id: 'edsger',
    email: 'edsger@lakeside.example',
    name: 'Edsger Dijkstra',
    about: 'Teaches Discrete Mathematics',
    courses: [{ ...discrete, role: 'educator' }],
  },
  {
    id: 'alan',
    email: 'alan@lakeside.example',
    name: 'Alan Turing',
    about: 'Teaching assistant in Discrete Mathematics, student in Intro to Algorithms',
    courses: [
      { ...discrete, role: 'educator' },
      { ...algorithms, role: 'student' },
    ],
  },
];

export const demoUser = (id: string): DemoUser | undefined => demoUsers.find((user) => user.id === id);
