/** Where a command writes: stdout for answers, stderr for problems. */
export interface Output {
  write(text: string): unknown;
}

export function line(out: Output, text = ''): void {
  out.write(`${text}\n`);
}
