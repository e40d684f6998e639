// Malformed JSON: one line with the position, never V8's wording or a stack.
import { describe, expect, it } from 'vitest';
import { textRejection } from './helpers.ts';
import { nestedTooDeep } from '../../../src/sim/scenario/json.ts';

describe('parseScenario with malformed JSON', () => {
  it('should give line and column where V8 gives no position', () => {
    const error = textRejection('{"a":}');
    expect(error.field).toBe('');
    expect(error.message).toBe(
      "malformed JSON: line 1, column 6: expected a value (an object, array, string, number, true, false or null), got '}'",
    );
  });

  it('should point at a missing comma on a later line', () => {
    expect(textRejection('{\n  "a": 1\n  "b": 2\n}').message).toBe(
      "malformed JSON: line 3, column 3: expected ',' or '}' after a property value, got '\"'",
    );
  });

  it('should name a character that looks like a space, or like nothing, rather than quote it (pasted from a web page or a chat)', () => {
    expect(textRejection('{\n\u00a0 "taskDefinition": {}\n}').message).toBe(
      'malformed JSON: line 2, column 1: expected a property name in double quotes, got U+00A0 (no-break space, which JSON does not take as a space)',
    );
    expect(textRejection('{"a":\u200b1}').message).toMatch(/, got U\+200B \(zero-width space, which JSON does not take as a space\)$/);
    expect(textRejection('{"a": 1,\ufeff "b": 2}').message).toMatch(/, got U\+FEFF \(byte-order mark, which JSON does not take as a space\)$/);
  });

  it('should point at a trailing comma itself, the character to delete, and say JSON allows none there', () => {
    expect(textRejection('{"a": [1, 2,]}').message).toBe(
      "malformed JSON: line 1, column 12: a comma after the last array element, before ']': JSON allows none there; delete it",
    );
    // the usual shape: the comma ends one line, the bracket opens the next
    expect(textRejection('{\n  "family": "web",\n  "cpu": "256",\n}').message).toBe(
      "malformed JSON: line 3, column 15: a comma after the last property, before '}': JSON allows none there; delete it",
    );
    // two commas in a row are a missing element, not a trailing comma
    expect(textRejection('[1,,2]').message).toMatch(/^malformed JSON: line 1, column 4: expected a value/);
  });

  it('should report a truncated file', () => {
    expect(textRejection('{"taskDefinition": {').message).toBe(
      'malformed JSON: line 1, column 21: expected a property name in double quotes, got the end of the input',
    );
  });

  it('should report empty input', () => {
    expect(textRejection('  \n').message).toBe('malformed JSON: the input is empty');
  });

  it('should report text after the value', () => {
    expect(textRejection('{} x').message).toBe("malformed JSON: line 1, column 4: expected the end of the input after the JSON value, got 'x'");
    // objects a line each: NDJSON, as the simulator writes events
    expect(textRejection('{}\n{}').message).toBe(
      "malformed JSON: line 2, column 1: expected the end of the input after the JSON value, got '{' (this is NDJSON, one JSON value a line, as ecs-lifecycle writes events; a scenario is one JSON object)",
    );
  });

  it('should say NDJSON only when every line is a JSON value of its own, and else that a second value begins, and where', () => {
    // two pretty-printed objects, one after the other: not NDJSON, whose lines each parse
    expect(textRejection('{\n  "a": 1\n}\n{\n  "b": 2\n}\n').message).toBe(
      "malformed JSON: line 4, column 1: expected the end of the input after the JSON value, got '{' (the input holds more than one JSON value: the first ends at line 3, column 1, and a second begins at line 4, column 1; a scenario is one JSON object)",
    );
    expect(textRejection('{"a": 1}\n{\n  "b": 2\n}').message).toMatch(/\(the input holds more than one JSON value: the first ends at line 1, column 8, and a second begins at line 2, column 1;/);
    // a blank line between NDJSON lines is still NDJSON
    expect(textRejection('{"a": 1}\n\n[2]\n').message).toMatch(/\(this is NDJSON, one JSON value a line/);
    // NDJSON cut short (`| head -c`): its last line ends mid-value, and it is still NDJSON
    expect(textRejection('{"a": 1}\n{"b": 2}\n{"c": [1, ').message).toMatch(/\(this is NDJSON, one JSON value a line/);
    // a bare minus after a value is stray text, not a second value
    expect(textRejection('{"a": 1} -').message).not.toMatch(/more than one JSON value/);
  });

  it('should say that comments are not JSON, and where a note can go instead', () => {
    const hint = '(comments are not JSON: remove the comment, or keep its note as a key beginning with _ or //, such as "_comment": "…", which is ignored)';
    // on a line of its own
    expect(textRejection('{\n  // the web task\n  "seed": 1\n}').message).toBe(`malformed JSON: line 2, column 3: expected a property name in double quotes, got '/' ${hint}`);
    // after a value, and a block comment
    expect(textRejection('{\n  "seed": 1 // one\n}').message).toBe(`malformed JSON: line 2, column 13: expected ',' or '}' after a property value, got '/' ${hint}`);
    expect(textRejection('/* scenario */\n{}').message).toMatch(/^malformed JSON: line 1, column 1: expected a value .*, got '\/' \(comments are not JSON: /);
    // a lone slash is no comment
    expect(textRejection('{"seed": /1}').message).not.toContain('comments');
  });

  it('should keep every message on one line', () => {
    for (const text of ['{"a":}', "{'a': 1}", '{"a": "x\ty"}', '[1, 2', 'nul']) {
      expect(textRejection(text).message).not.toContain('\n');
    }
  });
});

describe('nestedTooDeep, the check made before anything recursive walks pasted or linked text', () => {
  it('should find nesting deeper than any scenario, and end on text that is not JSON (a draft, a link cut short inside a string)', () => {
    expect(nestedTooDeep(`${'['.repeat(1001)}${']'.repeat(1001)}`)).toBe(true);
    expect(nestedTooDeep(`${'['.repeat(1000)}${']'.repeat(1000)}`)).toBe(false);
    // brackets inside strings do not count
    expect(nestedTooDeep(`["${'['.repeat(2000)}"]`)).toBe(false);
    // text cut short inside a string ends the scan (it looped): deep before the cut, or not
    for (const cut of ['{"family": "we', '{"a": "\\', '"']) expect(nestedTooDeep(cut)).toBe(false);
    expect(nestedTooDeep(`${'['.repeat(1001)}"unterminated`)).toBe(true);
    expect(nestedTooDeep(`["unterminated${'['.repeat(1001)}`)).toBe(false);
  });
});
