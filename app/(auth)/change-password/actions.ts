"use server";

import { defineUserAction } from "@/app/_lib/action";
import { setNewPassword, ZSetNewPasswordInput } from "@/lib/members/set-new-password";

export const setNewPasswordAction = defineUserAction({
  name: "account.set-new-password",
  input: ZSetNewPasswordInput,
  run: (userId, input) => setNewPassword({ userId, ...input }),
});
