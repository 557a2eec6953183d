{{- /* Keep one replica of every multi-replica app through node drains. */ -}}
{{- range $name, $app := .Values.apps }}
{{- if and $app.enabled (gt (int $app.replicas) 1) }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "lienthong.appName" (dict "root" $ "app" $name) }}
  labels:
    {{- include "lienthong.labels" $ | nindent 4 }}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      {{- include "lienthong.selectorLabels" (dict "root" $ "app" $name) | nindent 6 }}
{{- end }}
{{- end }}
