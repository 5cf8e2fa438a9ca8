/** N literal prefix rules over N/10 programs, a third with a third token of alternatives (as the in-process bench). */
export function rulesText(n) {
  const programs = Math.max(5, Math.floor(n / 10));
  const lines = [];
  for (let i = 0; i < n; i++) {
    const third = i % 3 === 0 ? ', ["--force", "-f"]' : '';
    const decision = i % 2 === 0 ? 'prompt' : 'forbidden';
    lines.push(`prefix_rule(pattern = ["tool${i % programs}", "sub${i}"${third}], decision = "${decision}")`);
  }
  return `${lines.join('\n')}\n`;
}
