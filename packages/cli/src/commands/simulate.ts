export async function simulateCommand(): Promise<number> {
  return 2;
}
