// A bad field is named by its path and, in a text of several lines, by its
// line: what a person (or a screen reader) needs to find it in 40 lines.
import { describe, expect, it } from 'vitest';
import { lineOf, linesAt, pathSteps, placesOf } from '../../../src/sim/scenario/json-place.ts';
import { textRejection } from './helpers.ts';

const TEXT = `{
  "taskDefinition": {
    "family": "web",
    "containerDefinitions": [
      { "name": "a", "image": "n", "command": ["echo", "}]{[", "\\"quoted\\""] },
      {
        "name": "b",
        "image": "m",
        "essential": "yes"
      }
    ]
  },
  "timeline": [
    { "at": 60, "action": "StopTask" },
    { "at": "soon", "action": "StopTask" }
  ]
}`;

describe('where a field is in the text', () => {
  it('should split a field into its steps', () => {
    expect(pathSteps('taskDefinition.containerDefinitions[1].essential')).toEqual(['taskDefinition', 'containerDefinitions', 1, 'essential']);
    expect(pathSteps('timeline[0].at')).toEqual(['timeline', 0, 'at']);
  });

  it('should give the line of the value, past strings holding brackets and quotes', () => {
    expect(lineOf(TEXT, 'taskDefinition.containerDefinitions[1].essential')).toBe(9);
    expect(lineOf(TEXT, 'timeline[1].at')).toBe(15);
    expect(lineOf(TEXT, 'taskDefinition.family')).toBe(3);
  });

  it('should give the enclosing object for a field that is not there (the file’s object at the top level), and nothing for a text of one line', () => {
    expect(lineOf(TEXT, 'taskDefinition.containerDefinitions[1].memory')).toBe(6);
    // a bare task definition's cpu left out: the object that lacks it is the whole file's
    expect(lineOf(TEXT, 'service.desiredCount')).toBe(1);
    expect(lineOf(`\n\n${TEXT}`, 'service.desiredCount')).toBe(3);
    expect(placesOf('"just a string"', ['service']).get('service')).toBeNull();
    expect(lineOf(JSON.stringify(JSON.parse(TEXT)), 'timeline[1].at')).toBeNull();
    // one line and its line break, as `echo '{…}' |` sends it, is one line
    expect(lineOf(`${JSON.stringify(JSON.parse(TEXT))}\n`, 'timeline[1].at')).toBeNull();
  });

  it('should find many fields in one pass where one at a time finds them, missing ones at their enclosing value', () => {
    const fields = [
      'taskDefinition.containerDefinitions[1].essential', 'timeline[1].at', 'taskDefinition.family', 'taskDefinition.containerDefinitions[0].command[1]',
      'taskDefinition.containerDefinitions[1].memory', 'service.desiredCount', 'timeline[7].at', 'taskDefinition', 'timeline',
    ];
    const places = placesOf(TEXT, fields);
    const line = linesAt(TEXT);
    expect(fields.map((f) => { const at = places.get(f); return at == null ? null : line(at); })).toEqual([9, 15, 3, 5, 6, 1, 13, 2, 13]);
    // each at its value, not its key
    expect(TEXT.slice(places.get('timeline[1].at')!).startsWith('"soon"')).toBe(true);
    expect(TEXT.slice(places.get('taskDefinition.containerDefinitions[0].command[1]')!).startsWith('"}]{["')).toBe(true);
    expect(placesOf('{"seed": 1, "seed": "x"}', ['seed']).get('seed')).toBe(20);
  });

  it('should take the last of a key given twice, as JSON.parse does', () => {
    expect(lineOf('{\n"seed": 1,\n"seed": "x"\n}', 'seed')).toBe(3);
  });

  it('should name the line in the message of a scenario read from text', () => {
    // both wrong fields, the task definition's and the timeline's, each with its line
    expect(textRejection(TEXT).lines()).toEqual(['taskDefinition.containerDefinitions[1].essential (line 9): must be true or false, got "yes"', 'timeline[1].at (line 15): must be a number of seconds ≥ 0, got "soon"']);
    const atFixed = TEXT.replace('"essential": "yes"', '"essential": false');
    expect(textRejection(atFixed).message).toBe('timeline[1].at (line 15): must be a number of seconds ≥ 0, got "soon"');
    expect(textRejection(atFixed).line).toBe(15);
  });
});
