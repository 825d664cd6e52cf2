/** A preference pair of one user turn and two assistant answers, as the dataset core takes it. */
export const pair = (prompt: string, chosen: string, rejected: string) => ({
  prompt: [{ role: "user" as const, content: prompt }],
  chosen: [{ role: "assistant" as const, content: chosen }],
  rejected: [{ role: "assistant" as const, content: rejected }],
});
