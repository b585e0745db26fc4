/** The last `size` lines of a process's output, for error messages. */
export class RecentLines {
  private readonly lines: string[] = [];

  constructor(private readonly size = 15) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.shift();
  }

  all(): string[] {
    return [...this.lines];
  }
}
