"""The commands, one module per noun (cli/command_list.py says which module holds which command).
Each module parses, calls one service and hands the result to cli/render; importing it registers
its commands with cli/root.py's `command` and `group`; the root group imports only the module of the command being run."""
